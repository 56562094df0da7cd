package dev.switchyard.conversation;

/**
 * A message to append: {@code role} user or assistant, {@code content} the Messages API content as JSON
 * text (a string or an array of content blocks), stored as given.
 */
public record NewMessage(String role, String content) {}
