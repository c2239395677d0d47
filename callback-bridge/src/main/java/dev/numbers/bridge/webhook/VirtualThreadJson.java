package dev.numbers.bridge.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson mapper for code that runs on the webhook requests' virtual threads. Jackson's default buffer recycling is
 * thread-local, so on a virtual thread (one per request) every parser and generator allocates fresh buffers of several
 * KB; a shared pool hands them from one request to the next.
 */
final class VirtualThreadJson {

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    private VirtualThreadJson() {
    }
}
