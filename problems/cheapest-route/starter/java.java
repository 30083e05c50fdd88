import java.io.*;
import java.util.*;

public class Main {
    // TODO: implement this function
    static long[] cheapestRoutes(long n, long m, long[][] roads) {
        return new long[0];
    }

    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long n = in.nextLong();
        long m = in.nextLong();
        long[][] roads = new long[(int) m][3];
        for (long[] row : roads)
            for (int j = 0; j < row.length; j++) row[j] = in.nextLong();
        long[] result = cheapestRoutes(n, m, roads);
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
