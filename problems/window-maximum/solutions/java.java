import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader br = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        StringTokenizer tok = new StringTokenizer(br.readLine());
        int n = Integer.parseInt(tok.nextToken()), k = Integer.parseInt(tok.nextToken());
        long[] a = new long[n];
        tok = new StringTokenizer(br.readLine());
        for (int i = 0; i < n; i++) a[i] = Long.parseLong(tok.nextToken());
        int[] dq = new int[n];
        int head = 0, tail = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            while (tail > head && a[dq[tail - 1]] <= a[i]) tail--;
            dq[tail++] = i;
            if (dq[head] <= i - k) head++;
            if (i >= k - 1) {
                if (i >= k) sb.append(' ');
                sb.append(a[dq[head]]);
            }
        }
        System.out.println(sb);
    }
}
