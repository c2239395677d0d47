package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The tenant's daily quota as the request path uses it: asked right before the provider, settled in the result's
 * transaction. {@link Quotas} over Kafka in production ({@link #of}), a counter in tests.
 */
public interface QuotaDesk {

    /** Asked through {@code account}: a release is admitted only where the tenant holds the number. */
    Quotas.Admission admit(NumberRequest request, AccountId account, BooleanSupplier stopping);

    /** The quota records that change with this result (a reservation kept, or given back). */
    List<ProducerRecord<byte[], byte[]>> settled(NumberRequest request, NumberResult result);

    static QuotaDesk of(final Quotas quotas) {
        return new QuotaDesk() {
            @Override
            public Quotas.Admission admit(final NumberRequest request, final AccountId account,
                                          final BooleanSupplier stopping) {
                return quotas.admit(request, account, stopping);
            }

            @Override
            public List<ProducerRecord<byte[], byte[]>> settled(final NumberRequest request,
                                                                final NumberResult result) {
                return quotas.settled(request, result);
            }
        };
    }
}
