package dev.llmrouter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the machine's own installation (Debian's {@code postgresql} package), started as a
 * private throwaway cluster: {@code initdb} into a fresh directory under {@code java.io.tmpdir} (under {@code /tmp}
 * when run as root and the {@value #OS_USER} user could not reach that folder), then
 * {@code pg_ctl start} on a free loopback port with trust authentication; {@link #close()} stops it and deletes
 * the directory. Durability is switched off ({@code fsync=off}): the data is thrown away anyway.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM is root (as in CI) the cluster belongs to the
 * {@value #OS_USER} user that the Debian package creates and every command runs through {@code runuser}.
 *
 * <p>The binaries are looked up in, in order: the system property {@value #BIN_PROPERTY}, the environment variable
 * {@value #BIN_ENV}, the newest {@code /usr/lib/postgresql/<version>/bin}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String BIN_PROPERTY = "postgres.bin";
    public static final String BIN_ENV = "LLM_ROUTER_POSTGRES_BIN";
    /** The superuser of the cluster, and the operating-system user it runs as under root. */
    public static final String OS_USER = "postgres";
    private static final Path DEBIAN_INSTALLS = Path.of("/usr/lib/postgresql");
    private static final Path SHARED_TMP = Path.of("/tmp");
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final Path bin;
    private final Path dir;
    private final boolean asRoot;
    private final int port;
    private final Thread shutdownHook;

    private EmbeddedPostgres(Path bin, Path dir, boolean asRoot, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asRoot = asRoot;
        this.port = port;
        // The server is a process of its own: without this, a JVM that exits without close() leaves it running.
        this.shutdownHook = new Thread(this::teardown, "postgres-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates and starts a fresh cluster; throws {@link IllegalStateException} saying what is missing if it cannot. */
    public static EmbeddedPostgres start() {
        long started = System.nanoTime();
        Path bin = locateBin();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = createDir(asRoot);
        try {
            run(bin, asRoot, List.of("initdb", "-D", dir.resolve("data").toString(), "-U", OS_USER, "--auth=trust",
                    "--encoding=UTF8", "--no-locale", "--no-sync"));
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                // The port is chosen before the server binds it, so another process can take it first: retry.
                int port = Ports.freePort();
                try {
                    pgCtlStart(bin, asRoot, dir, port);
                    log.info("PostgreSQL ready at 127.0.0.1:{} in {} ms (data: {})", port,
                            (System.nanoTime() - started) / 1_000_000, dir);
                    return new EmbeddedPostgres(bin, dir, asRoot, port);
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        } catch (RuntimeException e) {
            Directories.deleteTreeOrWarn(dir);
            throw e;
        }
    }

    /** Stops the server, keeping its data, e.g. to test what clients do while the database is down. */
    public void stopServer() {
        run(bin, asRoot, List.of("pg_ctl", "stop", "-w", "-m", "fast", "-D", dir.resolve("data").toString()));
    }

    /** Starts the server stopped by {@link #stopServer()} again, on the same port. */
    public void startServer() {
        pgCtlStart(bin, asRoot, dir, port);
    }

    private static void pgCtlStart(Path bin, boolean asRoot, Path dir, int port) {
        run(bin, asRoot, List.of("pg_ctl", "start", "-w", "-t", "60", "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"));
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser to connect as; no password is needed (trust authentication on loopback). */
    public String user() {
        return OS_USER;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) {
        run(bin, asRoot, List.of("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", OS_USER, name));
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already; the hook stops the server.
            return;
        }
        teardown();
    }

    private void teardown() {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                stopServer();
            }
        } catch (IllegalStateException e) {
            log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            Directories.deleteTreeOrWarn(dir);
        }
    }

    /** Where initdb and pg_ctl are, or a clear error saying how to install them. */
    public static Path locateBin() {
        String configured = Optional.ofNullable(System.getProperty(BIN_PROPERTY)).orElse(System.getenv(BIN_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (Files.isDirectory(DEBIAN_INSTALLS)) {
            try (Stream<Path> versions = Files.list(DEBIAN_INSTALLS)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(candidate -> Files.isExecutable(candidate.resolve("initdb"))
                                && Files.isExecutable(candidate.resolve("pg_ctl")))
                        .max(Comparator.comparing(EmbeddedPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries found under " + DEBIAN_INSTALLS
                + "; install them (apt-get install postgresql) or point -D" + BIN_PROPERTY + " or " + BIN_ENV
                + " at the folder holding initdb and pg_ctl");
    }

    private static int majorVersion(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static Path createDir(boolean asRoot) {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            if (asRoot && !traversableByOthers(base)) {
                // e.g. a checkout under /root: the postgres user could not reach a data directory below it.
                base = SHARED_TMP;
            }
            Path dir = Files.createTempDirectory(base, "postgres-");
            if (asRoot) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
                Files.setOwner(dir, owner);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare a PostgreSQL data directory"
                    + (asRoot ? " owned by the '" + OS_USER + "' user (does it exist? the postgresql package creates it)" : "")
                    + ": " + e, e);
        }
    }

    private static boolean traversableByOthers(Path dir) throws IOException {
        for (Path current = dir; current != null; current = current.getParent()) {
            if (!Files.getPosixFilePermissions(current).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static void run(Path bin, boolean asRoot, List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit code " + process.exitValue()
                        + ": " + new String(output).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + full.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }
}
