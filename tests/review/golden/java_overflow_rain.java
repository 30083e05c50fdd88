// Integer overflow: the trapped water is summed in an int.
import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        StringTokenizer st = new StringTokenizer(in.readLine());
        int[] h = new int[n];
        for (int i = 0; i < n; i++) h[i] = Integer.parseInt(st.nextToken());
        int lo = 0, hi = n - 1, leftMax = 0, rightMax = 0;
        int water = 0;
        while (lo < hi) {
            if (h[lo] < h[hi]) {
                leftMax = Math.max(leftMax, h[lo]);
                water += leftMax - h[lo];
                lo++;
            } else {
                rightMax = Math.max(rightMax, h[hi]);
                water += rightMax - h[hi];
                hi--;
            }
        }
        System.out.println(water);
    }
}
