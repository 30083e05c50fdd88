import java.io.*;
import java.util.*;

public class Main {
    // TODO: implement this function
    static double bestAverage(long n, long k, long[] a) {
        return 0.0;
    }

    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long n = in.nextLong();
        long k = in.nextLong();
        long[] a = new long[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = in.nextLong();
        double result = bestAverage(n, k, a);
        out.printf("%.6f%n", result);
        out.flush();
    }

    static final class FastReader {
        private final BufferedReader reader;
        private StringTokenizer tokens = new StringTokenizer("");

        FastReader(InputStream stream) {
            reader = new BufferedReader(new InputStreamReader(stream), 1 << 16);
        }

        String next() throws IOException {
            while (!tokens.hasMoreTokens()) {
                String line = reader.readLine();
                if (line == null) return "";
                tokens = new StringTokenizer(line);
            }
            return tokens.nextToken();
        }

        long nextLong() throws IOException {
            return Long.parseLong(next());
        }
    }
}
