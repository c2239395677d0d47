package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.schemas.phone.E164;
import dev.numbers.schemas.provider.TelnyxNumberOrderWebhook;
import dev.numbers.schemas.provider.TelnyxWebhook;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Telnyx's 10DLC registration, as far as its webhooks go: {@code POST /10dlc/brand} and
 * {@code POST /10dlc/campaignBuilder} take a {@code webhookURL}, and {@code POST /10dlc/phone_number_campaigns}
 * assigns a number to a campaign. One life-cycle step later the brand's URL hears {@code 10dlc.brand.update}
 * (status {@code success}), the campaign's {@code 10dlc.campaign.update} ({@code ACCEPTED}) and, for an assigned
 * number, {@code 10dlc.phone_number.update} ({@code ASSIGNED}; Telnyx uses the campaign's webhooks for its numbers),
 * each signed with the account's Ed25519 key like every Telnyx webhook. Vetting, review and failures are not
 * simulated.
 */
final class TelnyxTenDlc {

    private record Registered(String id, String webhookUrl, String account) {
    }

    private final JsonBodies bodies;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private final Map<String, Registered> campaigns = new ConcurrentHashMap<>();

    TelnyxTenDlc(JsonBodies bodies, SimulatorConfig config, ScheduledExecutorService scheduler,
                 WebhookDispatcher webhooks) {
        this.bodies = bodies;
        this.config = config;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
    }

    Reply createBrand(Call call) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject() || JsonBodies.text(body, "displayName") == null) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "displayName is required", "/displayName");
        }
        final String brandId = UUID.randomUUID().toString();
        final String tcrBrandId = "B" + brandId.substring(0, 6).toUpperCase(Locale.ROOT);
        final Map<String, Object> brand = new LinkedHashMap<>();
        brand.put("brandId", brandId);
        brand.put("tcrBrandId", tcrBrandId);
        brand.put("displayName", JsonBodies.text(body, "displayName"));
        brand.put("status", "REGISTRATION_PENDING");
        brand.put("webhookURL", JsonBodies.text(body, "webhookURL"));
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("brandId", brandId);
        payload.put("brandName", JsonBodies.text(body, "displayName"));
        payload.put("description", "Brand " + tcrBrandId + " is added");
        payload.put("eventType", "BRAND_ADD");
        payload.put("status", "success");
        payload.put("tcrBrandId", tcrBrandId);
        payload.put("type", "TCR_BRAND_UPDATE");
        later(JsonBodies.text(body, "webhookURL"), call.account(), TelnyxWebhook.BRAND_UPDATE, payload);
        return Reply.of(200, brand);
    }

    Reply createCampaign(Call call) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject() || JsonBodies.text(body, "brandId") == null) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "brandId is required", "/brandId");
        }
        final String campaignId = UUID.randomUUID().toString();
        final String url = JsonBodies.text(body, "webhookURL");
        campaigns.put(campaignId, new Registered(campaignId, url, call.account()));
        final Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("campaignId", campaignId);
        campaign.put("brandId", JsonBodies.text(body, "brandId"));
        campaign.put("campaignStatus", "TCR_PENDING");
        campaign.put("webhookURL", url);
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("brandId", JsonBodies.text(body, "brandId"));
        payload.put("campaignId", campaignId);
        payload.put("description", "Campaign " + campaignId + " is accepted");
        payload.put("status", "ACCEPTED");
        payload.put("type", "TELNYX_REVIEW");
        later(url, call.account(), TelnyxWebhook.CAMPAIGN_UPDATE, payload);
        return Reply.of(200, campaign);
    }

    Reply assignNumber(Call call) {
        final JsonNode body = bodies.parse(call.body());
        final String number = body == null ? null : JsonBodies.text(body, "phoneNumber");
        if (number == null || !E164.matches(number)) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "phoneNumber must be E.164", "/phoneNumber");
        }
        final Registered campaign = campaigns.get(String.valueOf(JsonBodies.text(body, "campaignId")));
        if (campaign == null || !campaign.account().equals(call.account())) {
            return TelnyxApi.failure(404);
        }
        final Map<String, Object> assignment = new LinkedHashMap<>();
        assignment.put("phoneNumber", number);
        assignment.put("campaignId", campaign.id());
        assignment.put("assignmentStatus", "PENDING_ASSIGNMENT");
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("campaignId", campaign.id());
        payload.put("phoneNumber", number);
        payload.put("status", "ASSIGNED");
        payload.put("type", "ASSIGNMENT");
        later(campaign.webhookUrl(), call.account(), TelnyxWebhook.PHONE_NUMBER_UPDATE, payload);
        return Reply.of(200, assignment);
    }

    private void later(String url, String account, String eventType, Map<String, Object> payload) {
        if (url == null) {
            return;
        }
        scheduler.schedule(() -> {
            final TelnyxWebhook event = new TelnyxWebhook(eventType, UUID.randomUUID().toString(),
                    TelnyxShapes.now(), payload);
            webhooks.submit(new WebhookDispatcher.Delivery("telnyx", url, eventType, account,
                    attempt -> bodies.bytes(event.toMap(TelnyxNumberOrderWebhook.deliveryMeta(attempt, url)))));
        }, Math.max(1, config.lifecycleStep().toMillis()), TimeUnit.MILLISECONDS);
    }
}
