package io.alertlake.api.graphql;

import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {

    private static final Cursors.Position POSITION = new Cursors.Position(1_767_225_600_000L, "octo/api/dependabot/1");

    @Test
    void tasksGivenTheSameTokensReadEachOthersCursorsAdminTokensAlone() {
        var adminOnly = Map.of("alertlake.api.admin-tokens", "an-admin-token-of-twenty-chars-or-more");
        Cursors one = new Cursors(TestConfigs.of(adminOnly));
        Cursors another = new Cursors(TestConfigs.of(adminOnly));
        assertThat(another.decode(one.encode(POSITION))).isEqualTo(POSITION);

        var both = Map.of("alertlake.api.tokens", "a-read-token-of-twenty-chars-or-more",
                "alertlake.api.admin-tokens", "an-admin-token-of-twenty-chars-or-more");
        assertThat(new Cursors(TestConfigs.of(both)).decode(new Cursors(TestConfigs.of(both)).encode(POSITION)))
                .isEqualTo(POSITION);
    }

    @Test
    void aCursorOfOtherTokensIsRefused() {
        Cursors one = new Cursors(TestConfigs.of(Map.of("alertlake.api.admin-tokens",
                "an-admin-token-of-twenty-chars-or-more")));
        Cursors other = new Cursors(TestConfigs.of(Map.of("alertlake.api.admin-tokens",
                "another-admin-token-of-twenty-chars")));
        assertThatThrownBy(() -> other.decode(one.encode(POSITION))).hasMessageContaining("not a cursor");
    }
}
