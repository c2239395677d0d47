package dev.numbers.connector.sim;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;

/**
 * The requests a schedule produces: the {@code n}th is a purchase of its own number, or under {@link Faults#RELEASES}
 * sometimes a release through SignalWire's default or second account or Telnyx, of a number bought earlier (through
 * any account), or of one never bought; by E.164, or by provider id for a number whose purchase was answered (the id
 * comes from that answer).
 */
final class SimRequests {

    private final World world;

    SimRequests(final World world) {
        this.world = world;
    }

    static String number(final int n) {
        return String.format("+1202555%04d", n);
    }

    NumberRequest next(final int n) {
        final var request = NumberRequest.newBuilder().setRequestId("r" + n).setRequestedAt(world.clock.instant())
                .setTenant(Schedule.TENANT).setCorrelationId(null);
        if (!world.faults.on(Faults.RELEASES)) {
            return request.setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number(n)).build())
                    .build();
        }
        if (n == 0 || world.random.nextInt(100) >= 40) {
            return request.setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number(n)).build())
                    .setAccount(world.random.nextBoolean() ? null : World.SECOND_ACCOUNT).build();
        }
        // Mostly a number requested earlier (maybe bought, through whichever account), sometimes one never bought.
        final int target = world.random.nextInt(100) < 85 ? world.random.nextInt(n) : 9000 + world.random.nextInt(999);
        final var number = number(target);
        final boolean byId = answered("r" + target) && world.random.nextInt(100) < 30;
        final var id = byId ? SimReleases.idOf(number) : null;
        final var e164 = byId ? null : number;
        return switch (world.random.nextInt(3)) {
            case 0 -> request.setOperation(SignalWireReleasePhoneNumber.newBuilder().setNumber(e164)
                    .setPhoneNumberId(id).build()).build();
            case 1 -> request.setOperation(SignalWireReleasePhoneNumber.newBuilder().setNumber(e164)
                    .setPhoneNumberId(id).build()).setAccount(World.SECOND_ACCOUNT).build();
            default -> request.setOperation(TelnyxDeletePhoneNumber.newBuilder().setNumber(e164).setPhoneNumberId(id)
                    .build()).build();
        };
    }

    /** Whether a purchase's SUCCEEDED answer is committed (where a user learns the number's provider id). */
    private boolean answered(final String requestId) {
        return world.results.stream().anyMatch(p -> p.requestId().equals(requestId)
                && p.result().getStatus() == ResultStatus.SUCCEEDED);
    }
}
