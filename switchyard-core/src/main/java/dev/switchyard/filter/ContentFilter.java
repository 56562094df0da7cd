package dev.switchyard.filter;

/**
 * The content filter service: which policy is in force for a caller. The key's own policy wins over its
 * tenant's, which wins over the configured default. The lookup is in memory (policies are loaded and
 * refreshed in the background), so the request path may call it on the event loop.
 * {@link #ALLOW_ALL} is the service with no policies.
 */
public interface ContentFilter {

    /** The policy for this key of this tenant; null when none is in force: nothing is filtered. */
    ContentPolicy policyFor(String tenantId, String keyId);

    ContentFilter ALLOW_ALL = (tenantId, keyId) -> null;
}
