package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import io.vertx.core.buffer.Buffer;

/**
 * A legacy Text Completions body that passed validation: {@code model}, {@code max_tokens_to_sample} and
 * a {@code prompt} in the legacy turn format ({@code "\n\nHuman: ...\n\nAssistant:"}), schema errors
 * first, then the model lookup, as for Messages. The prompt's hash seeds the reply.
 */
record CompletionRequest(ModelCatalog.Model model, int maxTokensToSample, boolean stream, long seed) {
    static final String HUMAN = "\n\nHuman:";
    static final String ASSISTANT = "\n\nAssistant:";

    static CompletionRequest parse(Buffer body, ModelCatalog catalog) {
        JsonNode root = MessageRequest.readObject(body);
        String modelId = MessageRequest.requireString(root, "model");
        String prompt = MessageRequest.requireString(root, "prompt");
        int max = MessageRequest.positiveInt(root, "max_tokens_to_sample");
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.invalidRequest("stream: Input should be a valid boolean");
        }
        if (!prompt.contains(HUMAN)) {
            throw ApiException.invalidRequest("prompt: must start with \"\\n\\nHuman:\" turn after an optional"
                    + " system prompt");
        }
        if (!prompt.stripTrailing().endsWith(ASSISTANT)) {
            throw ApiException.invalidRequest("prompt: must end with \"\\n\\nAssistant:\" turn");
        }
        ModelCatalog.Model model = catalog.find(modelId);
        if (model == null) {
            throw ApiException.notFound("model: " + modelId);
        }
        return new CompletionRequest(model, max, stream != null && stream.asBoolean(false),
                Words.seed(31L * modelId.hashCode() + prompt.hashCode()));
    }
}
