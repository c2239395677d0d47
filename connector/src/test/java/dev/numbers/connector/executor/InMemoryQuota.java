package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One tenant-wide daily quota: admitting reserves one, a result that did not succeed gives its reservation back,
 * and each settlement is a quota record in the result's transaction.
 */
final class InMemoryQuota implements QuotaDesk {

    private final int limit;
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private int used;

    InMemoryQuota(final int limit) {
        this.limit = limit;
    }

    int used() {
        return used;
    }

    @Override
    public synchronized Quotas.Admission admit(final NumberRequest request, final AccountId account,
                                               final BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            return new Quotas.Admission.Stopped();
        }
        if (used >= limit) {
            return new Quotas.Admission.Refused(new Outcome.Rejected(List.of(Errors.of("quota_exceeded",
                    "Quota exceeded", "the tenant's daily quota of " + limit + " is used", "tenant")), null, 0));
        }
        used++;
        reserved.add(request.getRequestId().toString());
        return new Quotas.Admission.Go();
    }

    @Override
    public synchronized List<ProducerRecord<byte[], byte[]>> settled(final NumberRequest request,
                                                                     final NumberResult result) {
        final var id = request.getRequestId().toString();
        if (!reserved.remove(id)) {
            return List.of();
        }
        final boolean kept = result.getStatus() == ResultStatus.SUCCEEDED;
        if (!kept) {
            used--;
        }
        return List.of(new ProducerRecord<>("quotas", id.getBytes(StandardCharsets.UTF_8),
                (kept ? "kept" : "returned").getBytes(StandardCharsets.UTF_8)));
    }
}
