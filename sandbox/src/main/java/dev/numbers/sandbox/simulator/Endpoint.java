package dev.numbers.sandbox.simulator;

/** The simulated provider operations; faults are configured per endpoint. */
public enum Endpoint {
    SIGNALWIRE_PURCHASE_NUMBER,
    SIGNALWIRE_LIST_NUMBERS,
    SIGNALWIRE_SEARCH_NUMBERS,
    SIGNALWIRE_CREATE_ORDER,
    SIGNALWIRE_LIST_ORDERS,
    SIGNALWIRE_GET_ORDER,
    SIGNALWIRE_LIST_ASSIGNMENTS,
    SIGNALWIRE_RELEASE_NUMBER,
    SIGNALWIRE_DELETE_ASSIGNMENT,
    TELNYX_CREATE_NUMBER_ORDER,
    TELNYX_LIST_NUMBER_ORDERS,
    TELNYX_GET_NUMBER_ORDER,
    TELNYX_LIST_PHONE_NUMBERS,
    TELNYX_SEARCH_NUMBERS,
    TELNYX_DELETE_PHONE_NUMBER;

    public boolean isTelnyx() {
        return name().startsWith("TELNYX");
    }
}
