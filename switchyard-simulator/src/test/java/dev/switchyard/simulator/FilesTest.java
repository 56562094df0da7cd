package dev.switchyard.simulator;

import static dev.switchyard.simulator.MessagesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.core.MultipartField;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.files.BetaDeletedFile;
import com.anthropic.models.beta.files.BetaFileMetadata;
import com.anthropic.models.beta.files.FileListPage;
import com.anthropic.models.beta.files.FileListParams;
import com.anthropic.models.beta.files.FileUploadParams;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Files API, driven by the official Java SDK's {@code beta().files()} (which sends no beta header) and
 * by raw multipart (which sends it, as the API's documentation asks).
 */
class FilesTest extends SimulatorTestBase {
    private static final String BOUNDARY = "simulator-test-boundary";

    @Test
    void upload_namedTypedPart_returnsTheFileObject() {
        BetaFileMetadata file = upload("notes.txt", "text/plain", "hello files".getBytes(StandardCharsets.UTF_8));

        assertThat(file.id()).matches("file_[0-9A-Za-z]{24}");
        assertThat(file.filename()).isEqualTo("notes.txt");
        assertThat(file.mimeType()).isEqualTo("text/plain");
        assertThat(file.sizeBytes()).isEqualTo(11);
        assertThat(file.downloadable()).hasValue(true);
        assertThat(file.createdAt()).isBetween(OffsetDateTime.now().minusMinutes(1), OffsetDateTime.now().plusMinutes(1));
    }

    @Test
    void upload_pathWithoutType_takesTheTypeFromTheFileName(@TempDir Path dir) throws Exception {
        Path pdf = Files.write(dir.resolve("report.pdf"), "%PDF-1.7 simulated".getBytes(StandardCharsets.US_ASCII));

        BetaFileMetadata file = sdk().beta().files().upload(FileUploadParams.builder().file(pdf).build());

        assertThat(file.filename()).isEqualTo("report.pdf");
        assertThat(file.mimeType()).isEqualTo("application/pdf");
    }

    @Test
    void file_uploadedThenRead_metadataAndBytesComeBackThenDeleteForgetsIt() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        BetaFileMetadata uploaded = upload("data.bin", "application/octet-stream", bytes);

        BetaFileMetadata metadata = sdk().beta().files().retrieveMetadata(uploaded.id());
        byte[] downloaded;
        String contentType;
        try (HttpResponse response = sdk().beta().files().download(uploaded.id()); InputStream body = response.body()) {
            downloaded = body.readAllBytes();
            contentType = response.headers().values("content-type").getFirst();
        }
        BetaDeletedFile deleted = sdk().beta().files().delete(uploaded.id());

        assertThat(metadata).isEqualTo(uploaded);
        assertThat(downloaded).isEqualTo(bytes);
        assertThat(contentType).isEqualTo("application/octet-stream");
        assertThat(deleted.id()).isEqualTo(uploaded.id());
        assertThat(deleted.type()).hasValue(BetaDeletedFile.Type.FILE_DELETED);
        assertThatThrownBy(() -> sdk().beta().files().retrieveMetadata(uploaded.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().beta().files().download(uploaded.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk().beta().files().delete(uploaded.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void list_pagedByLimit_walksTheFilesNewestFirstInBothStyles() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            ids.add(upload(name, "text/plain", name.getBytes(StandardCharsets.UTF_8)).id());
        }
        List<String> newestFirst = ids.reversed();

        FileListPage page = sdk().beta().files().list(FileListParams.builder().limit(2).build());
        List<String> walked = new ArrayList<>();
        page.autoPager().forEach(f -> walked.add(f.id()));
        JsonNode afterId = json(send(filesRequest("/v1/files?limit=2&after_id=" + newestFirst.get(0)).GET()));

        assertThat(page.data()).extracting(BetaFileMetadata::id).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(page.nextPageRaw()).hasValue("page_" + newestFirst.get(1));
        assertThat(walked).containsExactlyElementsOf(newestFirst);
        assertThat(afterId.at("/data/0/id").asText()).isEqualTo(newestFirst.get(1));
        assertThat(afterId.get("first_id").asText()).isEqualTo(newestFirst.get(1));
        assertThat(afterId.get("last_id").asText()).isEqualTo(newestFirst.get(2));
        assertThat(afterId.get("has_more").asBoolean()).isFalse();
        assertThat(afterId.get("next_page").isNull()).isTrue();
    }

    @Test
    void files_withOrWithoutTheBetaHeader_areServed() throws Exception {
        assertThat(get("/v1/files").statusCode()).isEqualTo(200);
        assertThat(send(filesRequest("/v1/files").GET()).statusCode()).isEqualTo(200);
        assertThat(simulator.stats().lastHeaders()).containsEntry("anthropic-beta", FilesApi.BETA);
    }

    @Test
    void files_withoutApiKey_answer401() throws Exception {
        assertError(send(filesRequest("/v1/files").setHeader("x-api-key", "").GET()), 401, "authentication_error",
                "x-api-key");
    }

    @Test
    void upload_overTheFileBound_answers413() throws Exception {
        restart(options().withMaxFileBytes(1024));

        java.net.http.HttpResponse<String> tooLarge = postFile("big.bin", new byte[1025]);
        java.net.http.HttpResponse<String> fits = postFile("fits.bin", new byte[1024]);

        assertError(tooLarge, 413, "request_too_large", "1024 bytes");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(json(fits).get("size_bytes").asLong()).isEqualTo(1024);
    }

    @Test
    void upload_pastTheStorageBound_forgetsTheOldestFiles() throws Exception {
        restart(options().withMaxFileBytes(2000).withFileStorageBytes(3000));

        String oldest = json(postFile("a.bin", new byte[1000])).get("id").asText();
        String middle = json(postFile("b.bin", new byte[1000])).get("id").asText();
        String newest = json(postFile("c.bin", new byte[1500])).get("id").asText();

        assertError(send(filesRequest("/v1/files/" + oldest).GET()), 404, "not_found_error", oldest);
        assertThat(send(filesRequest("/v1/files/" + middle).GET()).statusCode()).isEqualTo(200);
        assertThat(send(filesRequest("/v1/files/" + newest).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void upload_withoutAFilePart_answers400() throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nnone\r\n--"
                + BOUNDARY + "--\r\n";

        java.net.http.HttpResponse<String> json = send(filesRequest("/v1/files")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        java.net.http.HttpResponse<String> noFile = send(filesRequest("/v1/files")
                .setHeader("content-type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertError(noFile, 400, "invalid_request_error", "file: Field required");
        assertError(json, 400, "invalid_request_error", "file: Field required");
    }

    @Test
    void unknownFile_everyEndpoint_answers404() throws Exception {
        assertError(send(filesRequest("/v1/files/file_nope").GET()), 404, "not_found_error", "file_nope");
        assertError(send(filesRequest("/v1/files/file_nope/content").GET()), 404, "not_found_error", "file_nope");
        assertError(send(filesRequest("/v1/files/file_nope").DELETE()), 404, "not_found_error", "file_nope");
        assertError(send(filesRequest("/v1/files/file_nope/other").GET()), 404, "not_found_error", "Not Found");
    }

    private BetaFileMetadata upload(String filename, String contentType, byte[] bytes) {
        return sdk().beta().files().upload(FileUploadParams.builder().file(MultipartField.<InputStream>builder()
                .value(new java.io.ByteArrayInputStream(bytes)).filename(filename).contentType(contentType).build())
                .build());
    }

    private HttpRequest.Builder filesRequest(String path) {
        return request(path).header("anthropic-beta", FilesApi.BETA);
    }

    private java.net.http.HttpResponse<String> postFile(String filename, byte[] bytes) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(bytes);
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(filesRequest("/v1/files").timeout(Duration.ofSeconds(10))
                .setHeader("content-type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }
}
