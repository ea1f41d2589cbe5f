package id.presensi.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Two homes of one user never pin the same port, even while one of them is stopped. */
class PortRegistryTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget_the_test_registry() {
        System.clearProperty(PortRegistry.LOCATION_PROPERTY);
    }

    @Test
    void a_second_home_takes_another_port_though_the_first_ones_server_is_stopped() throws Exception {
        PortRegistry registry = new PortRegistry(dir.resolve("ports"));
        Path demo = Files.createDirectories(dir.resolve("homes/demo"));
        Path own = Files.createDirectories(dir.resolve("elsewhere/operator"));

        int first = registry.claim(demo, Optional.empty()).port();
        Files.writeString(demo.resolve("embedded-db.properties"), "port=" + first + "\n"); // nothing listens on it: stopped
        PortRegistry.Claim second = registry.claim(own, Optional.empty());

        assertThat(second.port()).isNotEqualTo(first);
        assertThat(second.passedOver()).containsEntry(first, demo.toAbsolutePath().normalize());
        assertThat(Files.readString(dir.resolve("ports"))).contains(first + " " + demo.toAbsolutePath().normalize())
                .contains(second.port() + " " + own.toAbsolutePath().normalize());
        assertThat(registry.claim(demo, Optional.empty()).port()).as("a home made again keeps its port").isEqualTo(first);
    }

    @Test
    void a_home_made_before_the_registry_is_found_beside_the_new_one_and_a_vanished_home_frees_its_port() throws Exception {
        PortRegistry registry = new PortRegistry(dir.resolve("ports"));
        Path old = Files.createDirectories(dir.resolve("homes/old"));
        Files.writeString(old.resolve("embedded-db.properties"), "port=" + EmbeddedPostgres.DEFAULT_PORT + "\n");
        Path gone = Files.createDirectories(dir.resolve("homes/gone"));
        int goneClaimed = registry.claim(gone, Optional.empty()).port();
        Files.delete(gone);

        int port = registry.claim(Files.createDirectories(dir.resolve("homes/new")), Optional.empty()).port();

        assertThat(port).isNotEqualTo(EmbeddedPostgres.DEFAULT_PORT);
        assertThat(Files.readString(dir.resolve("ports"))).doesNotContain(gone.toString()).contains(Integer.toString(port));
        assertThat(goneClaimed).isNotEqualTo(EmbeddedPostgres.DEFAULT_PORT);
    }

    @Test
    void a_new_home_says_which_port_it_pinned_and_which_homes_hold_the_ones_before() throws Exception {
        System.setProperty(PortRegistry.LOCATION_PROPERTY, dir.resolve("ports").toString());
        Path demo = Files.createDirectories(dir.resolve("homes/demo"));
        Files.writeString(demo.resolve("embedded-db.properties"), "port=" + EmbeddedPostgres.DEFAULT_PORT + "\n");
        EmbeddedPostgres server = new EmbeddedPostgres(dir.resolve("homes/operator"));
        List<String> notices = new ArrayList<>();
        try {
            ConnectionSettings settings = server.ensureRunning(notices::add);

            assertThat(settings.port()).isNotEqualTo(EmbeddedPostgres.DEFAULT_PORT);
            assertThat(notices).singleElement().asString().contains("will listen on 127.0.0.1:" + settings.port())
                    .contains(EmbeddedPostgres.DEFAULT_PORT + " is held by " + demo.toAbsolutePath().normalize());
            notices.clear();
            server.ensureRunning(notices::add);
            assertThat(notices).as("said once, when the home is made").isEmpty();
        } finally {
            server.stop();
        }
    }
}
