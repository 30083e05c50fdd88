import java.io.*;
import java.util.*;

public class Main {
    // TODO: implement this function
    static long countIslands(long r, long c, String[] grid) {
        return 0;
    }

    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long r = in.nextLong();
        long c = in.nextLong();
        String[] grid = new String[(int) r];
        for (int i = 0; i < grid.length; i++) grid[i] = in.next();
        long result = countIslands(r, c, grid);
        out.println(result);
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
