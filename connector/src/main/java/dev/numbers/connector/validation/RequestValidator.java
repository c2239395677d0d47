package dev.numbers.connector.validation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.connector.operation.Operation;
import dev.numbers.schemas.avro.ProviderError;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Refuses anything a provider would refuse for its shape, before a call that might cost money is made. */
@Singleton
public final class RequestValidator {

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

    /** Every problem found, each naming the field; empty when the operation may be sent. */
    public List<ProviderError> problems(final Operation operation) {
        final var problems = new ArrayList<ProviderError>();
        switch (operation) {
            case Operation.PurchasePhoneNumber p -> e164("operation.number", p.number(), problems);
            case Operation.CreateAssignmentOrder o -> {
                uuid("operation.campaign_id", o.campaignId(), problems);
                numbers("operation.phone_numbers", o.phoneNumbers(), problems);
            }
            case Operation.ListAssignmentOrders l -> uuid("operation.campaign_id", l.campaignId(), problems);
            case Operation.NumberOrder t -> numbers("operation.phone_numbers",
                    t.phoneNumbers().stream().map(Operation.OrderedNumber::phoneNumber).toList(), problems);
        }
        return problems;
    }

    private void numbers(final String field, final List<String> numbers, final List<ProviderError> problems) {
        if (numbers.isEmpty()) {
            problems.add(error("empty_list", "Empty list", "at least one phone number is required", field));
        }
        for (int i = 0; i < numbers.size(); i++) {
            e164(field + "[" + i + "]", numbers.get(i), problems);
        }
    }

    private void e164(final String field, final String number, final List<ProviderError> problems) {
        if (number == null || !number.matches("\\+[1-9]\\d{1,14}")) {
            problems.add(error("invalid_e164", "Invalid phone number",
                    "not an E.164 number (+ followed by country code and subscriber number): " + quoted(number), field));
            return;
        }
        try {
            if (!phoneNumbers.isValidNumber(phoneNumbers.parse(number, null))) {
                problems.add(error("invalid_e164", "Invalid phone number",
                        "not a valid number for its country: " + quoted(number), field));
            }
        } catch (NumberParseException e) {
            problems.add(error("invalid_e164", "Invalid phone number", e.getMessage(), field));
        }
    }

    private static void uuid(final String field, final String value, final List<ProviderError> problems) {
        try {
            if (value == null || !UUID.fromString(value).toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add(error("invalid_uuid", "Invalid campaign id", "not a UUID: " + quoted(value), field));
        }
    }

    private static String quoted(final String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    public static ProviderError error(final String code, final String title, final String detail, final String field) {
        return ProviderError.newBuilder().setHttpStatus(null).setCode(code).setTitle(title).setDetail(detail)
                .setField(field).build();
    }
}
