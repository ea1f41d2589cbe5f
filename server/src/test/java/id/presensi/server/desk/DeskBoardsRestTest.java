package id.presensi.server.desk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DeskBoardsRestTest {
    @Test
    void boards_give_way_to_the_check_ins_while_they_arrive_and_take_their_share_again_after() {
        AtomicBoolean rush = new AtomicBoolean();
        try (DeskBoards boards = new DeskBoards(Duration.ofSeconds(5), Duration.ofMinutes(2), rush::get)) {
            assertThat(boards.rest()).as("a quiet hour: at most a quarter of a processor").isEqualTo(DeskBoards.REST).isEqualTo(3);
            rush.set(true);
            assertThat(boards.rest()).as("the rush: at most a twentieth").isEqualTo(DeskBoards.REST_IN_RUSH).isEqualTo(19);
            rush.set(false);
            assertThat(boards.rest()).isEqualTo(DeskBoards.REST);
        }
    }
}
