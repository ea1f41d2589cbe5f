package id.presensi.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 by hand on a socket, for what a client library hides: a request's head sent without its body (a body
 * refused by its Content-Length is answered before a byte of it goes out), and the answer read from the same socket.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** A request's line and headers written on the socket, announcing a body of {@code length} bytes (none if negative). */
    static void head(Socket socket, String path, String token, String headers, int length) throws IOException {
        String head = (length < 0 ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: x\r\n" + headers
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + (length < 0 ? "" : "Content-Length: " + length + "\r\n") + "\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** The next answer on the socket (a Content-Length body), waiting at most 10 s for it. */
    static Answer answer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        String status = line(in);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
