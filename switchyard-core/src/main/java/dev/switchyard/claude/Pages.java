package dev.switchyard.claude;

import java.util.List;

/** Anthropic's list paging (newest first; before_id, after_id, limit) over a whole sorted list. */
final class Pages {
    private Pages() {}

    /** An id in before/after that is not in the list gives an empty page, as a cursor past its end would. */
    static UpstreamResources.Page slice(List<UpstreamResource> all, String beforeId, String afterId, int limit) {
        if (afterId != null) {
            int at = indexOf(all, afterId);
            if (at < 0) {
                return new UpstreamResources.Page(List.of(), false);
            }
            int to = Math.min(all.size(), at + 1 + limit);
            return new UpstreamResources.Page(List.copyOf(all.subList(at + 1, to)), to < all.size());
        }
        if (beforeId != null) {
            int at = indexOf(all, beforeId);
            if (at < 0) {
                return new UpstreamResources.Page(List.of(), false);
            }
            int from = Math.max(0, at - limit);
            return new UpstreamResources.Page(List.copyOf(all.subList(from, at)), from > 0);
        }
        int to = Math.min(all.size(), limit);
        return new UpstreamResources.Page(List.copyOf(all.subList(0, to)), to < all.size());
    }

    private static int indexOf(List<UpstreamResource> all, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
