package id.presensi.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The versions of the migrations this build carries (sql/V*__*.sql, shipped as classpath:db/migration), as Flyway names them. */
final class Migrations {
    private static final String FOLDER = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private Migrations() {
    }

    /** Empty when they cannot be listed: the caller then asks Flyway. */
    static Set<String> carried() {
        URL folder = Migrations.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            return Set.of();
        }
        try {
            if ("jar".equals(folder.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) folder.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    return versions(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(FOLDER + "/"))
                            .map(n -> n.substring(FOLDER.length() + 1)));
                }
            }
            if ("file".equals(folder.getProtocol())) {
                try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                    return versions(files.map(f -> f.getFileName().toString()));
                }
            }
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the migrations in " + folder, e);
        } catch (URISyntaxException e) {
            return Set.of();
        }
    }

    private static Set<String> versions(Stream<String> names) {
        return names.map(VERSIONED::matcher).filter(Matcher::matches)
                .map(m -> m.group(1).replace('_', '.').replaceFirst("^0+(?=\\d)", "")).collect(Collectors.toSet());
    }
}
