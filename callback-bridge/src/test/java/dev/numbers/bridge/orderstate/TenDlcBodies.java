package dev.numbers.bridge.orderstate;

import java.time.Instant;

/** 10DLC status callback bodies of brands and campaigns, as the callback model in {@code specs/} shapes them. */
final class TenDlcBodies {

    private TenDlcBodies() {
    }

    /** A brand event ({@code campaignId} null) or a campaign event of that brand. */
    static String brandOrCampaign(final String category, final String eventType, final String state,
            final String brandId, final String campaignId, final Instant eventAt) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"%s","event_type":"%s","state":"%s",
                 "brand_id":"%s"%s}""".formatted(eventAt, category, eventType, state, brandId,
                campaignId == null ? "" : ",\"campaign_id\":\"" + campaignId + "\"");
    }
}
