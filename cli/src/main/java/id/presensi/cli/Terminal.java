package id.presensi.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * The operator's terminal for the command at hand: the JVM's own console when the command runs in its own JVM, or,
 * in the resident process ({@link Resident}), the terminal of the client that sent the command. A question is asked,
 * and a progress line shown, only when there is one, as {@link System#console()} would say in a JVM of its own.
 */
final class Terminal {
    /** The client of the command the resident process is running; null when the command has a JVM of its own. */
    private static volatile Client client;

    private Terminal() {
    }

    /** A client's terminal: whether its stdin and stdout are one, its stdin and stdout as the resident gives them. */
    record Client(boolean console, InputStream in, PrintStream out, Charset charset) {
    }

    static void enter(Client of) {
        client = of;
    }

    static void leave() {
        client = null;
    }

    static boolean present() {
        Client c = client;
        return c != null ? c.console() : System.console() != null;
    }

    /** {@code question} (a format, as {@link Console#readLine(String, Object...)} takes it) asked, one line read; null at its end. */
    static String readLine(String question) {
        Client c = client;
        if (c == null) {
            Console console = System.console();
            return console == null ? null : console.readLine(question);
        }
        c.out().print(String.format(question));
        c.out().flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = c.in().read(); b != '\n'; b = c.in().read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(c.charset());
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString(c.charset()).replaceFirst("\r$", "");
    }
}
