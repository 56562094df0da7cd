package dev.switchyard.gateway;

import static dev.switchyard.gateway.ChatErrors.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.util.Set;

/**
 * A message's {@code content}: a string, or a list of parts. Text parts become text blocks; an
 * {@code image_url} becomes an image block, its source base64 for a data URL and a URL for https.
 */
final class ChatContent {
    /** The image types Messages accepts. */
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private ChatContent() {}

    /** Content that may only be text (system, assistant, tool): its parts joined. */
    static String plainText(JsonNode content, String at) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw param(at, "expected a string or a list of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text") && !type.equals("refusal")) {
                throw param(at + "[" + i + "].type", "only text parts are allowed here");
            }
            text.append(part.path(type).asText(""));
        }
        return text.toString();
    }

    /** A user message's content as Messages blocks. */
    static ArrayNode userBlocks(JsonNode content, String at) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        if (content != null && content.isTextual()) {
            blocks.addObject().put("type", "text").put("text", content.asText());
            return blocks;
        }
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw param(at, "expected a string or a non-empty list of parts");
        }
        for (int i = 0; i < content.size(); i++) {
            blocks.add(part(content.get(i), at + "[" + i + "]"));
        }
        return blocks;
    }

    private static ObjectNode part(JsonNode part, String at) {
        String type = part.path("type").asText("");
        return switch (type) {
            case "text" -> Json.mapper().createObjectNode().put("type", "text")
                    .put("text", part.path("text").asText(""));
            case "image_url" -> image(part.path("image_url").path("url").asText(""), at + ".image_url.url");
            case "input_audio" -> throw param(at + ".type", "audio input is not supported");
            case "file" -> throw param(at + ".type", "file parts are not supported");
            default -> throw param(at + ".type", "expected text or image_url");
        };
    }

    static ObjectNode image(String url, String at) {
        ObjectNode block = Json.mapper().createObjectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("https://")) {
            source.put("type", "url").put("url", url);
            return block;
        }
        if (!url.startsWith("data:")) {
            throw param(at, "expected a data: URL or an https:// URL");
        }
        int comma = url.indexOf(',');
        String head = comma < 0 ? "" : url.substring(5, comma);
        if (!head.endsWith(";base64")) {
            throw param(at, "expected a base64 data URL (data:image/png;base64,...)");
        }
        String mediaType = head.substring(0, head.length() - ";base64".length());
        if (!IMAGE_TYPES.contains(mediaType)) {
            throw param(at, "expected one of the image types " + IMAGE_TYPES.stream().sorted().toList());
        }
        source.put("type", "base64").put("media_type", mediaType).put("data", url.substring(comma + 1));
        return block;
    }
}
