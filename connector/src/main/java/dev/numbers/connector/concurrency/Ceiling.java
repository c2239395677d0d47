package dev.numbers.connector.concurrency;

/**
 * The most requests the connector ever holds at once, and why: the operator's cap ({@code connector.max-in-flight})
 * or what the heap holds. Each in-flight request keeps its record, its provider exchange and its result until the
 * result's transaction commits, so the heap bounds the limit even when nobody set a cap.
 */
public record Ceiling(int value, String reason) {

    public static Ceiling of(final Integer cap, final long maxHeapBytes, final long memoryPerRequest) {
        final long byMemory = Math.max(1, Math.min(Integer.MAX_VALUE, maxHeapBytes / memoryPerRequest));
        if (cap != null && cap <= byMemory) {
            return new Ceiling(cap, "connector.max-in-flight");
        }
        return new Ceiling((int) byMemory, "heap " + (maxHeapBytes >> 20) + " MB / "
                + (memoryPerRequest >> 10) + " KB per request");
    }
}
