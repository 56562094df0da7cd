package dev.switchyard.simulator;

import dev.switchyard.core.error.ApiException;
import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.MimeMapping;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The Files API under {@code /v1/files}: upload (multipart, part {@code file}), list, metadata, content
 * and delete. The API documents it as a beta behind {@code anthropic-beta: files-api-2025-04-14}, but the
 * official Java SDK 3.14.0 no longer sends that header from {@code beta().files()}, so the simulator
 * takes requests with or without it (a test can still see it in the stats' last headers). The list
 * answers both paging styles: before_id/after_id with first_id/last_id, and the newer page/next_page.
 */
final class FilesApi {
    static final String BETA = "files-api-2025-04-14";
    private static final int MAX_FILENAME = 500;
    private static final String OCTET_STREAM = "application/octet-stream";

    private final Access access;
    private final FileStore store;
    private final long maxFileBytes;
    private final Clock clock;

    FilesApi(Access access, FileStore store, long maxFileBytes, Clock clock) {
        this.access = access;
        this.store = store;
        this.maxFileBytes = Math.min(maxFileBytes, store.capacityBytes());
        this.clock = clock;
    }

    /** {@code rest}: the path after {@code /v1/files}, empty or starting with a slash. */
    void handle(HttpServerRequest req, AsciiString requestId, String rest) {
        if (rest.isEmpty()) {
            collection(req, requestId);
            return;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts[0].isEmpty() || parts.length > 2 || (parts.length == 2 && !parts[1].equals("content"))) {
            throw ApiException.notFound("Not Found");
        }
        if (parts.length == 1) {
            one(req, requestId, parts[0]);
        } else if (access.allowed(req, requestId, HttpMethod.GET)) {
            StoredFile file = find(parts[0]);
            Http.send(req, requestId, file.mimeType(), file.content());
        }
    }

    private void collection(HttpServerRequest req, AsciiString requestId) {
        if (!access.allowed(req, requestId, HttpMethod.GET, HttpMethod.POST)) {
            return;
        }
        if (req.method().equals(HttpMethod.GET)) {
            Page<StoredFile> page = Page.of(store.newestFirst(), StoredFile::id, ListParams.of(req));
            Http.json(req, requestId, 200, page.render(StoredFile::id, StoredFile::json, true));
        } else {
            UploadReader.read(req, requestId, maxFileBytes,
                    upload -> Http.guarded(req, requestId, () -> upload(req, requestId, upload)));
        }
    }

    private void one(HttpServerRequest req, AsciiString requestId, String id) {
        if (!access.allowed(req, requestId, HttpMethod.GET, HttpMethod.DELETE)) {
            return;
        }
        StoredFile file = find(id);
        if (req.method().equals(HttpMethod.GET)) {
            Http.json(req, requestId, 200, Buffer.buffer(file.json().toString()));
        } else {
            store.remove(file.id());
            Http.json(req, requestId, 200, Buffer.buffer("{\"id\":\"" + file.id() + "\",\"type\":\"file_deleted\"}"));
        }
    }

    private void upload(HttpServerRequest req, AsciiString requestId, UploadReader.Upload upload) {
        if (upload == null) {
            throw ApiException.invalidRequest(UploadReader.FIELD + ": Field required (a multipart/form-data part "
                    + "with a file name)");
        }
        String filename = upload.filename();
        if (filename == null || filename.isEmpty() || filename.length() > MAX_FILENAME) {
            throw ApiException.invalidRequest("file: the file name must have 1 to " + MAX_FILENAME + " characters");
        }
        StoredFile file = new StoredFile(Ids.fileId(), filename, mimeType(upload.contentType(), filename),
                clock.instant().truncatedTo(ChronoUnit.MICROS), upload.bytes());
        store.add(file);
        Http.json(req, requestId, 200, Buffer.buffer(file.json().toString()));
    }

    /** The part's own type, unless it says no more than "bytes": then the file name's, as the API guesses. */
    static String mimeType(String declared, String filename) {
        if (declared != null && !declared.isBlank() && !declared.equalsIgnoreCase(OCTET_STREAM)) {
            return declared;
        }
        String guessed = MimeMapping.mimeTypeForFilename(filename);
        return guessed == null ? OCTET_STREAM : guessed;
    }

    private StoredFile find(String id) {
        StoredFile file = store.find(id);
        if (file == null) {
            throw ApiException.notFound("File " + id + " not found");
        }
        return file;
    }
}
