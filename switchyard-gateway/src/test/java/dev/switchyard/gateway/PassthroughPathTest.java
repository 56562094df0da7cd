package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.claude.UpstreamResource.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassthroughPathTest {
    @Test
    void parse_batchPaths_giveKindIdAndAction() {
        assertThat(PassthroughPath.parse("/v1/messages/batches")).isEqualTo(new PassthroughPath(Kind.BATCH, null, null));
        assertThat(PassthroughPath.parse("/v1/messages/batches/msgbatch_1"))
                .isEqualTo(new PassthroughPath(Kind.BATCH, "msgbatch_1", null));
        assertThat(PassthroughPath.parse("/v1/messages/batches/msgbatch_1/results"))
                .isEqualTo(new PassthroughPath(Kind.BATCH, "msgbatch_1", "results"));
        assertThat(PassthroughPath.parse("/v1/files/file_9/content"))
                .isEqualTo(new PassthroughPath(Kind.FILE, "file_9", "content"));
    }

    @Test
    void parse_otherPaths_areOpaque() {
        assertThat(PassthroughPath.parse("/v1/skills").opaque()).isTrue();
        assertThat(PassthroughPath.parse("/v1/filesystem").opaque()).isTrue();
        assertThat(PassthroughPath.parse("/v1/messages/batchesx").opaque()).isTrue();
    }

    @Test
    void route_isAFixedLabel() {
        assertThat(PassthroughPath.route("/v1/messages/batches/x")).isEqualTo("batches");
        assertThat(PassthroughPath.route("/v1/files")).isEqualTo("files");
        assertThat(PassthroughPath.route("/v1/anything-a-client-types")).isEqualTo("passthrough");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/skills", "/v1/messages/batches/msgbatch_01AbC", "/v1/files/file_1/content",
            "/v1/skills/skill_1/versions/2.1"})
    void safe_plainApiPaths_pass(String path) {
        assertThat(PassthroughPath.safe(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/../admin/keys", "/v1/files/../../x", "/v1/./files", "/v1//files", "/v1/files/",
            "/v1/%2e%2e/admin", "/v2/things", "/v1/a b", "/v1/x;y=../"})
    void safe_pathsThatCouldLeaveV1_areRefused(String path) {
        assertThat(PassthroughPath.safe(path)).isFalse();
    }
}
