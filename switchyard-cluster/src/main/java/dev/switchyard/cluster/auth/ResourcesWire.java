package dev.switchyard.cluster.auth;

import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;

/** How the gateway asks the auth role's store which deployment holds a batch or file: JSON records. */
final class ResourcesWire {
    static final String REMEMBER = "resources.remember";
    static final String FIND = "resources.find";
    static final String FORGET = "resources.forget";
    static final String LIST = "resources.list";
    static final String MARK = "resources.mark";

    record Id(String id) {}

    /**
     * A resource as it travels: the shared mapper has no java.time module, so its time goes as RFC 3339 text.
     */
    record Resource(String id, UpstreamResource.Kind kind, String deployment, String tenantId, String keyId,
            String createdAt, boolean resultsRecorded) {
        static Resource of(UpstreamResource r) {
            return r == null ? null : new Resource(r.id(), r.kind(), r.deployment(), r.tenantId(), r.keyId(),
                    r.createdAt().toString(), r.resultsRecorded());
        }

        UpstreamResource toResource() {
            return new UpstreamResource(id, kind, deployment, tenantId, keyId, java.time.Instant.parse(createdAt),
                    resultsRecorded);
        }
    }

    /** {@code resource} null: no such id. */
    record Found(Resource resource) {
        static Found of(UpstreamResource r) {
            return new Found(Resource.of(r));
        }

        UpstreamResource toResource() {
            return resource == null ? null : resource.toResource();
        }
    }

    record List(UpstreamResource.Kind kind, String tenantId, String beforeId, String afterId, int limit) {}

    record Page(java.util.List<Resource> items, boolean hasMore) {
        static Page of(UpstreamResources.Page page) {
            return new Page(page.items().stream().map(Resource::of).toList(), page.hasMore());
        }

        UpstreamResources.Page toPage() {
            return new UpstreamResources.Page(items == null ? java.util.List.of()
                    : items.stream().map(Resource::toResource).toList(), hasMore);
        }
    }

    record Marked(boolean marked) {}

    private ResourcesWire() {}
}
