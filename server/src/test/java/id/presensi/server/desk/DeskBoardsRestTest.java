package id.presensi.server.desk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DeskBoardsRestTest {
    @Test
    void boards_give_way_to_the_check_ins_while_they_arrive_and_take_their_share_again_after() {
        AtomicBoolean rush = new AtomicBoolean();
        try (DeskBoards boards = new DeskBoards(Duration.ofSeconds(25), Duration.ofMinutes(2), rush::get)) {
            Duration took = Duration.ofMillis(300);
            assertThat(boards.restAfter(took)).as("a quiet hour: at most a quarter of the time").isEqualTo(Duration.ofMillis(900));
            rush.set(true);
            assertThat(boards.restAfter(took)).as("the rush: at most a twentieth").isEqualTo(Duration.ofMillis(5_700));
            rush.set(false);
            assertThat(boards.restAfter(took)).isEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void a_refresh_that_waited_long_on_a_lock_does_not_stop_every_board_for_nineteen_times_as_long() {
        try (DeskBoards boards = new DeskBoards(Duration.ofSeconds(25), Duration.ofMinutes(2), () -> true)) {
            assertThat(boards.restAfter(Duration.ofSeconds(45))).isEqualTo(DeskBoards.MAX_REST).isEqualTo(Duration.ofSeconds(20));
        }
    }
}
