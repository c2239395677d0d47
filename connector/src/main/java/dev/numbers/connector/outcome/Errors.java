package dev.numbers.connector.outcome;

import dev.numbers.schemas.avro.ProviderError;

/**
 * The one way a typed error of our own is built (validation, classification, quotas, the ledger, the loop): it has
 * no HTTP status, because no provider answer carried it; errors a provider answered are mapped by its mapper.
 */
public final class Errors {

    private Errors() {
    }

    public static ProviderError of(final String code, final String title, final String detail, final String field) {
        return ProviderError.newBuilder().setHttpStatus(null).setCode(code).setTitle(title).setDetail(detail)
                .setField(field).build();
    }
}
