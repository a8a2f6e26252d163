package io.footfall.core;

import java.time.Instant;

/**
 * An event name as the site's stored events carry it, for the event catalogue: the first and last
 * time it was seen and how many events of it are stored (raw events only: none from before the
 * site's raw retention).
 */
public record SeenEvent(String name, Instant firstSeen, Instant lastSeen, long events) {}
