package dev.numbers.connector.validation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.phone.E164;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Objects;
import java.util.stream.Stream;

/** Refuses anything a provider would refuse for its shape, before a call that might cost money is made. */
@Singleton
public final class RequestValidator {

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

    /** Every problem found, each naming the field; empty when the operation may be sent. */
    public List<ProviderError> problems(final Operation operation) {
        final var problems = new ArrayList<ProviderError>();
        switch (operation) {
            case Operation.PurchasePhoneNumber p -> e164("operation.number", p.number(), problems);
            case Operation.ConfigurePhoneNumber c -> {
                numberOrId(c.number(), c.phoneNumberId(), true, problems);
                configuration(c.settings(), problems);
            }
            case Operation.TelnyxConfigure c -> {
                numberOrId(c.number(), c.phoneNumberId(), false, problems);
                configuration(c.settings(), problems);
            }
            case Operation.CreateAssignmentOrder o -> {
                uuid("operation.campaign_id", o.campaignId(), problems);
                numbers("operation.phone_numbers", o.phoneNumbers(), problems);
            }
            case Operation.ListAssignmentOrders l -> uuid("operation.campaign_id", l.campaignId(), problems);
            case Operation.NumberOrder t -> numbers("operation.phone_numbers",
                    t.phoneNumbers().stream().map(Operation.OrderedNumber::phoneNumber).toList(), problems);
            case Operation.ReleasePhoneNumber r -> numberOrId(r.number(), r.phoneNumberId(), true, problems);
            case Operation.DeletePhoneNumber d -> numberOrId(d.number(), d.phoneNumberId(), false, problems);
            case Operation.SearchAndPurchase s -> {
                criteria(s.areacode(), "operation.areacode", s.startsWith(), s.contains(), s.endsWith(),
                        s.maxCandidates(), problems);
                if (s.numberType() != null && !s.numberType().equals("local") && !s.numberType().equals("toll-free")) {
                    problems.add(Errors.of("invalid_criteria", "Invalid number type", "local or toll-free, not "
                            + quoted(s.numberType()), "operation.number_type"));
                }
                if (s.city() != null && s.region() == null) {
                    problems.add(Errors.of("invalid_criteria", "City without region", "city needs region",
                            "operation.city"));
                }
            }
            case Operation.SearchAndOrder t -> {
                criteria(t.nationalDestinationCode(), "operation.national_destination_code", t.startsWith(),
                        t.contains(), t.endsWith(), t.maxCandidates(), problems);
                if (t.phoneNumberType() != null && !t.phoneNumberType().equals("local")
                        && !t.phoneNumberType().equals("toll_free")) {
                    problems.add(Errors.of("invalid_criteria", "Invalid number type", "local or toll_free, not "
                            + quoted(t.phoneNumberType()), "operation.phone_number_type"));
                }
            }
            case Operation.DeleteNumberAssignment d -> {
                if (d.assignmentId() != null) {
                    uuid("operation.assignment_id", d.assignmentId(), problems);
                    if (d.number() != null || d.campaignId() != null) {
                        problems.add(Errors.of("ambiguous_target", "Ambiguous target",
                                "name the assignment_id, or the number and campaign_id, not both", "operation"));
                    }
                } else {
                    uuid("operation.campaign_id", d.campaignId(), problems);
                    e164("operation.number", d.number(), problems);
                }
            }
        }
        if (operation instanceof Operation.Buying buying) {
            SettingsRules.check(buying.configuration(), "operation.configuration", problems);
        }
        return problems;
    }

    /** A configure request must ask for something: an empty one would answer unchanged without looking. */
    private static void configuration(final NumberSettings settings, final List<ProviderError> problems) {
        if (settings.isEmpty()) {
            problems.add(Errors.of("empty_configuration", "Empty configuration",
                    "set at least one field of configuration", "operation.configuration"));
        }
        SettingsRules.check(settings, "operation.configuration", problems);
    }

    private static void criteria(final String areaCode, final String areaField, final String startsWith,
                                 final String contains, final String endsWith, final int maxCandidates,
                                 final List<ProviderError> problems) {
        if (areaCode != null && !areaCode.matches("[2-9]\\d{2}")) {
            problems.add(Errors.of("invalid_criteria", "Invalid area code", "not a 3-digit area code: "
                    + quoted(areaCode), areaField));
        }
        final var patterns = Stream.of(startsWith, contains, endsWith)
                .filter(Objects::nonNull).toList();
        if (patterns.size() > 1) {
            problems.add(Errors.of("invalid_criteria", "Too many patterns",
                    "at most one of starts_with, contains and ends_with", "operation"));
        }
        patterns.stream().filter(p -> !p.matches("\\d{3,7}")).forEach(p -> problems.add(Errors.of("invalid_criteria",
                "Invalid pattern", "3 to 7 digits, not " + quoted(p), "operation")));
        if (maxCandidates < 1 || maxCandidates > 10) {
            problems.add(Errors.of("invalid_criteria", "Invalid max_candidates", "between 1 and 10, not "
                    + maxCandidates, "operation.max_candidates"));
        }
    }

    /** Exactly one of a number and a provider id; ids go into a URL path, so only id characters pass. */
    private void numberOrId(final String number, final String id, final boolean uuidId,
                            final List<ProviderError> problems) {
        if ((number == null) == (id == null)) {
            problems.add(Errors.of("ambiguous_target", "Ambiguous target",
                    "name exactly one of number and phone_number_id", "operation"));
        } else if (number != null) {
            e164("operation.number", number, problems);
        } else if (uuidId) {
            uuid("operation.phone_number_id", id, problems);
        } else if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            problems.add(Errors.of("invalid_id", "Invalid id", "not a provider id: " + quoted(id),
                    "operation.phone_number_id"));
        }
    }

    private void numbers(final String field, final List<String> numbers, final List<ProviderError> problems) {
        if (numbers.isEmpty()) {
            problems.add(Errors.of("empty_list", "Empty list", "at least one phone number is required", field));
        }
        for (int i = 0; i < numbers.size(); i++) {
            e164(field + "[" + i + "]", numbers.get(i), problems);
        }
    }

    private void e164(final String field, final String number, final List<ProviderError> problems) {
        if (!E164.matches(number)) {
            problems.add(Errors.of("invalid_e164", "Invalid phone number",
                    "not an E.164 number (+ followed by country code and subscriber number): " + quoted(number),
                            field));
            return;
        }
        try {
            if (!phoneNumbers.isValidNumber(phoneNumbers.parse(number, null))) {
                problems.add(Errors.of("invalid_e164", "Invalid phone number",
                        "not a valid number for its country: " + quoted(number), field));
            }
        } catch (NumberParseException e) {
            problems.add(Errors.of("invalid_e164", "Invalid phone number", e.getMessage(), field));
        }
    }

    private static void uuid(final String field, final String value, final List<ProviderError> problems) {
        try {
            if (value == null || !UUID.fromString(value).toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add(Errors.of("invalid_uuid", "Invalid id", "not a UUID: " + quoted(value), field));
        }
    }

    private static String quoted(final String value) {
        return value == null ? "null" : "'" + value + "'";
    }

}
