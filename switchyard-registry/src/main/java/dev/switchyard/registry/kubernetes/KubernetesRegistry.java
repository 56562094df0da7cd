package dev.switchyard.registry.kubernetes;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery from Kubernetes: each role's instances are the ready endpoints of the EndpointSlices of the
 * role's Service, kept current by one informer per role (list, then watch; the informer lists and
 * watches again by itself after a dropped connection or an expired resource version).
 *
 * <p>{@link #register} and {@link #deregister} succeed and do nothing: in Kubernetes the kubelet puts a
 * pod into its Service's slices when its readiness probe passes and takes it out when the pod stops
 * being ready or starts terminating, so a process draining only has to fail its readiness probe.
 *
 * <p>A client passed to the public constructor belongs to the caller, who closes it after {@link #close}.
 */
public final class KubernetesRegistry implements ServiceRegistry {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final Logger log = LoggerFactory.getLogger(KubernetesRegistry.class);

    private final KubernetesClient client;
    private final KubernetesRegistrySettings settings;
    private final Map<String, RoleSlices> roles = new LinkedHashMap<>();
    private final List<SharedIndexInformer<EndpointSlice>> informers = new ArrayList<>();
    private final boolean ownsClient;

    public KubernetesRegistry(KubernetesClient client, KubernetesRegistrySettings settings, Clock clock) {
        this(client, settings, clock, false);
    }

    /** With {@code ownsClient}, {@link #close} closes the client too (the provider builds one per registry). */
    KubernetesRegistry(KubernetesClient client, KubernetesRegistrySettings settings, Clock clock, boolean ownsClient) {
        this.client = client;
        this.settings = settings;
        this.ownsClient = ownsClient;
        settings.roles().forEach((role, service) -> roles.put(role, new RoleSlices(role, service, clock)));
    }

    /** Starts one informer per role; completes when every one has its first list. */
    public Future<Void> start() {
        try {
            List<CompletableFuture<Void>> synced = new ArrayList<>();
            roles.forEach((role, slices) -> synced.add(inform(role, slices)));
            return Future.fromCompletionStage(CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private CompletableFuture<Void> inform(String role, RoleSlices slices) {
        RoleService service = settings.roles().get(role);
        SharedIndexInformer<EndpointSlice> informer = client.discovery().v1().endpointSlices()
                .inNamespace(service.namespace())
                .withLabel(SERVICE_NAME_LABEL, service.service())
                .runnableInformer(settings.resync().toMillis());
        informer.addEventHandler(slices);
        // Keep trying whatever happens (API server restarting, RBAC fixed later): a role with no
        // informer would silently keep its last instance list forever.
        informer.exceptionHandler((started, error) -> {
            log.warn("role {}: EndpointSlice watch of {}/{} failed, retrying: {}", role, service.namespace(),
                    service.service(), error.toString());
            return true;
        });
        synchronized (informers) {
            informers.add(informer);
        }
        return informer.start().toCompletableFuture();
    }

    /** Kubernetes registers pods itself (readiness): nothing to do. */
    @Override
    public Future<Void> register(Instance self) {
        return Future.succeededFuture();
    }

    /** Kubernetes removes pods itself (readiness fails, or the pod terminates): nothing to do. */
    @Override
    public Future<Void> deregister(Instance self) {
        return Future.succeededFuture();
    }

    @Override
    public List<Instance> instances(String role) {
        RoleSlices slices = roles.get(role);
        return slices == null ? List.of() : slices.current();
    }

    @Override
    public Runnable watch(String role, Consumer<List<Instance>> listener) {
        RoleSlices slices = roles.get(role);
        if (slices == null) {
            listener.accept(List.of());
            return () -> {};
        }
        return slices.watch(listener);
    }

    @Override
    public Future<Void> close() {
        synchronized (informers) {
            informers.forEach(SharedIndexInformer::close);
            informers.clear();
        }
        if (ownsClient) {
            client.close();
        }
        return Future.succeededFuture();
    }
}
