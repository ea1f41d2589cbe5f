package id.presensi.app;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** One POST to a push service or a webhook: the status it answered, or an IOException when none came. */
public interface PushTransport {
    int post(URI uri, Map<String, String> headers, byte[] body) throws IOException;
}
