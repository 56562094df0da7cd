package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchyard.auth.Principal;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.UserProfile;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET|PUT|PATCH /v1/users/{user_id}/profile}: a user's profile, a JSON object kept by the
 * conversation service on the user's shard. PUT replaces it, PATCH applies a JSON merge patch (RFC 7386),
 * GET reads it. Always the key's own tenant; a key bound to a user reaches that user's profile only, any
 * other is not found (404, the same answer as a user with no profile, so an id is never confirmed); a key
 * without a user reaches every user of its tenant.
 */
final class ProfilesHandler {
    static final String PREFIX = "/v1/users/";
    private static final String SUFFIX = "/profile";

    private final GatewayServices services;
    private final long maxBodyBytes;

    ProfilesHandler(GatewayServices services, long maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    Future<Integer> handle(Exchange ex) {
        ex.pauseBody();
        return services.auth().authenticate(Credentials.from(ex.request.headers()))
                .compose(principal -> BodyReader.read(ex, maxBodyBytes)
                        .compose(raw -> route(ex, principal, raw)))
                .recover(t -> Future.succeededFuture(ErrorResponder.send(ex, t)));
    }

    private Future<Integer> route(Exchange ex, Principal p, Buffer raw) {
        String path = ex.request.path();
        HttpMethod method = ex.request.method();
        String segment = segment(path);
        if (segment == null) {
            return Future.failedFuture(ApiException.notFound("no route for " + method + " "
                    + ClientInput.shortened(path)));
        }
        if (method != HttpMethod.GET && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return Future.failedFuture(new ApiException(ErrorType.INVALID_REQUEST, "method " + method
                    + " is not allowed on " + PREFIX + "{user_id}" + SUFFIX + " (GET, PUT or PATCH)"));
        }
        String userId = UserIds.fromPathSegment(segment);
        if (p.userId() != null && !p.userId().equals(userId)) {
            return Future.failedFuture(notFound(userId));
        }
        ConversationService conversations = services.conversations();
        String body = raw.toString(StandardCharsets.UTF_8);
        Future<UserProfile> done = method == HttpMethod.GET ? conversations.profile(p.tenantId(), userId)
                : method == HttpMethod.PUT ? conversations.putProfile(p.tenantId(), userId, body)
                : conversations.patchProfile(p.tenantId(), userId, body);
        return done.map(profile -> json(ex, view(profile)));
    }

    /** The raw user id segment of {@code /v1/users/{id}/profile}, or null for any other shape. */
    private static String segment(String path) {
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return null;
        }
        String segment = path.substring(PREFIX.length(), Math.max(PREFIX.length(), path.length() - SUFFIX.length()));
        return segment.isEmpty() || segment.indexOf('/') >= 0 ? null : segment;
    }

    /** Worded as the store words a user with no profile: the two must not be told apart. */
    private static ApiException notFound(String userId) {
        return ApiException.notFound("no profile for user " + userId);
    }

    /** The stored document goes out as stored (numbers digit for digit), not re-read into doubles. */
    private static String view(UserProfile profile) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("type", "user_profile");
        n.put("user_id", profile.userId());
        n.putRawValue("profile", new RawValue(profile.data()));
        n.put("updated_at", profile.updatedAt().toString());
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (Exception e) {
            throw new IllegalStateException("profile view", e);
        }
    }

    private static int json(Exchange ex, String body) {
        ex.response.setStatusCode(200).putHeader("content-type", "application/json").end(body);
        return 200;
    }
}
