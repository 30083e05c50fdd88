import java.io.*;
import java.util.*;

public class Main {
    // TODO: implement this function
    static long fewestCoins(long k, long amount, long[] coins) {
        return 0;
    }

    public static void main(String[] args) throws IOException {
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        long k = in.nextLong();
        long amount = in.nextLong();
        long[] coins = new long[(int) k];
        for (int i = 0; i < coins.length; i++) coins[i] = in.nextLong();
        long result = fewestCoins(k, amount, coins);
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
