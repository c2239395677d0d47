package dev.numbers.connector.provider;

import dev.numbers.schemas.avro.ProviderError;
import java.util.List;

/** How one provider phrases errors; resources are mapped by the provider's own mapper. */
public interface ProviderMapper {

    /** The typed errors of a non-2xx answer; never empty (a body without errors[] still yields one). */
    List<ProviderError> errors(int status, String body);
}
