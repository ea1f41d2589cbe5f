package id.presensi.app;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** One POST to a push service or a webhook: what it answered, or an IOException when nothing came. */
public interface PushTransport {
    Answer post(URI uri, Map<String, String> headers, byte[] body) throws IOException;

    /** The status, and the Retry-After header as sent (seconds or an HTTP date) when there was one. */
    record Answer(int status, Optional<String> retryAfter) {
        public static Answer of(int status) {
            return new Answer(status, Optional.empty());
        }
    }
}
