import java.io.*;
import java.util.*;

public class Main {
    // TODO: implement this function
    static long[] runCache(long capacity, long q, long[][] ops) {
        return new long[0];
    }

    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long capacity = in.nextLong();
        long q = in.nextLong();
        long[][] ops = new long[(int) q][3];
        for (long[] row : ops)
            for (int j = 0; j < row.length; j++) row[j] = in.nextLong();
        long[] result = runCache(capacity, q, ops);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < result.length; i++) sb.append(i > 0 ? " " : "").append(result[i]);
        out.println(sb);
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
