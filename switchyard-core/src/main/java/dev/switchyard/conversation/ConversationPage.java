package dev.switchyard.conversation;

import java.util.List;

/** One page of a user's conversations; {@code next} is the cursor of the next page, null on the last. */
public record ConversationPage(List<Conversation> data, String next) {
    public ConversationPage {
        data = List.copyOf(data);
    }
}
