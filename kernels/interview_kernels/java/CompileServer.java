// A warm javac for the Java kernel. One request per line on stdin:
//   <classes dir> TAB <source file>
// One reply per request on stdout:
//   <0 ok | 1 failed> TAB <main class or empty> TAB <n> NEWLINE <n bytes of diagnostics, UTF-8>
// User classes are loaded without being initialised (no user code runs here) to find main.
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class CompileServer {
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files =
            compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        CompileServer server = new CompileServer();
        server.warmUp();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t", 2);
            if (parts.length != 2) {
                continue;
            }
            StringWriter diagnostics = new StringWriter();
            boolean ok = server.compile(parts[0], parts[1], diagnostics);
            String main = ok ? server.findMain(parts[0], parts[1]) : "";
            byte[] text = diagnostics.toString().getBytes(StandardCharsets.UTF_8);
            String header = (ok ? "0" : "1") + "\t" + main + "\t" + text.length + "\n";
            out.write(header.getBytes(StandardCharsets.UTF_8));
            out.write(text);
            out.flush();
        }
    }

    boolean compile(String classes, String source, StringWriter diagnostics) {
        try {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(new File(source));
            List<String> options = List.of(
                    "-d", classes, "-classpath", classes, "-sourcepath", "",
                    "-proc:none", "-implicit:none", "-encoding", "UTF-8", "-Xlint:-options");
            return compiler.getTask(diagnostics, files, null, options, null, units).call();
        } catch (RuntimeException | Error e) {
            e.printStackTrace(new PrintWriter(diagnostics));
            return false;
        }
    }

    String findMain(String classes, String source) {
        Path root = Path.of(classes);
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                    .forEach(p -> {
                        String rel = root.relativize(p).toString();
                        names.add(rel.substring(0, rel.length() - 6).replace(File.separatorChar, '.'));
                    });
        } catch (Exception e) {
            return "";
        }
        Collections.sort(names);
        String stem = new File(source).getName().replaceFirst("\\.java$", "");
        names.sort((a, b) -> Integer.compare(rank(a, stem), rank(b, stem)));
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {root.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    Method m = c.getMethod("main", String[].class);
                    if (Modifier.isStatic(m.getModifiers())) {
                        return name;
                    }
                } catch (Throwable ignored) {
                    // no main here
                }
            }
        } catch (Exception e) {
            return "";
        }
        return "";
    }

    private static int rank(String name, String stem) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        if (simple.equals(stem)) {
            return 0;
        }
        return simple.equals("Main") ? 1 : 2;
    }

    void warmUp() throws Exception {
        Path dir = Files.createTempDirectory("ik-javac-warm");
        try {
            Path src = dir.resolve("Warm.java");
            Files.writeString(src, "import java.util.*;\npublic class Warm {\n"
                    + "  public static void main(String[] a) {\n"
                    + "    List<Integer> l = new ArrayList<>(); Map<String, Integer> m = new HashMap<>();\n"
                    + "    Scanner s = new Scanner(System.in); System.out.println(l.size() + m.size());\n"
                    + "  }\n}\n");
            for (int i = 0; i < 8; i++) {
                compile(dir.toString(), src.toString(), new StringWriter());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
