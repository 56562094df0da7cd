package dev.switchyard.auth;

import io.vertx.core.Future;

/**
 * Rate limits, concurrency limits and budgets, applied before a request goes upstream. Fails with an
 * {@link dev.switchyard.core.error.ApiException}: rate_limit_error (429, with retry-after) or
 * billing_error (402). Never fails because its own storage is down: it falls back or lets through,
 * as configured.
 */
public interface AdmissionControl {

    AdmissionControl NONE = (who, request) -> Future.succeededFuture(Admission.UNLIMITED);

    Future<Admission> admit(Principal who, AdmissionRequest request);
}
