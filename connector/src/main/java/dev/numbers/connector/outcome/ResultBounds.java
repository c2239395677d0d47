package dev.numbers.connector.outcome;

import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.ResultStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a result within what Kafka accepts: the provider body and every error text are cut to their limits, the
 * error list to {@code maxErrorsListed} entries plus one that counts the rest. When the encoded result is still too
 * large (a provider resource with a megabyte-long field), {@link #tooLarge} is published in its place.
 */
public final class ResultBounds {

    private static final String CUT = "…[cut]";

    private final RequestLimits limits;

    public ResultBounds(final RequestLimits limits) {
        this.limits = limits;
    }

    public int maxResultBytes() {
        return limits.maxResultBytes();
    }

    /** The same result with its free-text parts cut to the limits. */
    public NumberResult bounded(final NumberResult result) {
        final var copy = NumberResult.newBuilder(result);
        if (result.getProviderPayload() != null) {
            copy.setProviderPayload(cut(result.getProviderPayload().toString(), limits.maxProviderPayloadBytes()));
        }
        final var errors = result.getErrors() == null ? List.<ProviderError>of() : result.getErrors();
        final var kept = new ArrayList<ProviderError>();
        for (int i = 0; i < Math.min(errors.size(), limits.maxErrorsListed()); i++) {
            kept.add(bounded(errors.get(i)));
        }
        if (errors.size() > limits.maxErrorsListed()) {
            kept.add(RequestValidator.error("more_errors", "More errors", (errors.size() - limits.maxErrorsListed())
                    + " further error(s) not listed (connector.limits.max-errors-listed)", null));
        }
        copy.setErrors(kept);
        copy.setTenant(cut(result.getTenant(), limits.maxStringLength()));
        copy.setCorrelationId(cut(result.getCorrelationId(), limits.maxStringLength()));
        return copy.build();
    }

    /**
     * The compact FAILED published instead of a result of {@code size} bytes (negative: refused by the broker). It says
     * what the original status was,
     * because a SUCCEEDED purchase that did not fit is still a purchase.
     */
    public NumberResult tooLarge(final NumberResult original, final int size) {
        final var performed = original.getStatus() == ResultStatus.SUCCEEDED
                ? "; the operation SUCCEEDED at the provider, look it up there" : "";
        return NumberResult.newBuilder(original)
                .setRequestId(cut(original.getRequestId(), limits.maxStringLength()))
                .setStatus(ResultStatus.FAILED)
                .setResource(null)
                .setProviderPayload(null)
                .setTenant(cut(original.getTenant(), 256))
                .setCorrelationId(cut(original.getCorrelationId(), 256))
                .setErrors(List.of(RequestValidator.error("result_too_large", "Result too large", "the "
                        + original.getStatus() + " result " + (size < 0 ? "was refused by Kafka as too large"
                        : "was " + size + " bytes, more than the " + maxResultBytes()
                        + " bytes a result may take (connector.limits.max-result-bytes)") + performed, null)))
                .build();
    }

    private ProviderError bounded(final ProviderError error) {
        return ProviderError.newBuilder(error)
                .setCode(cut(error.getCode(), 256))
                .setTitle(cut(error.getTitle(), limits.maxStringLength()))
                .setDetail(cut(error.getDetail(), limits.maxStringLength()))
                .setField(cut(error.getField(), 256))
                .build();
    }

    private static String cut(final CharSequence text, final int max) {
        if (text == null) {
            return null;
        }
        final var value = text.toString();
        return value.length() <= max ? value : value.substring(0, Math.max(0, max - CUT.length())) + CUT;
    }
}
