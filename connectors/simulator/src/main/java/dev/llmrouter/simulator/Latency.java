package dev.llmrouter.simulator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a simulated model takes before it starts answering. In config files:
 * {@code {type: fixed, value: 200ms}}, {@code {type: uniform, min: 100ms, max: 2s}} or
 * {@code {type: lognormal, p50: 800ms, p99: 4s}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Latency.Fixed.class, name = "fixed"),
    @JsonSubTypes.Type(value = Latency.Uniform.class, name = "uniform"),
    @JsonSubTypes.Type(value = Latency.LogNormal.class, name = "lognormal")
})
public sealed interface Latency {

    /** No delay at all. */
    Latency NONE = new Fixed(Duration.ZERO);

    /** One delay drawn from this distribution. */
    Duration sample(RandomGenerator random);

    static Latency fixed(Duration value) {
        return new Fixed(value);
    }

    static Latency uniform(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    static Latency logNormal(Duration p50, Duration p99) {
        return new LogNormal(p50, p99);
    }

    /** Always the same delay. */
    record Fixed(Duration value) implements Latency {
        public Fixed {
            requireNonNegative(value, "value");
        }

        @Override
        public Duration sample(RandomGenerator random) {
            return value;
        }
    }

    /** A delay uniformly distributed between {@code min} and {@code max}. */
    record Uniform(Duration min, Duration max) implements Latency {
        public Uniform {
            requireNonNegative(min, "min");
            requireNonNegative(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform latency needs min <= max, got " + min + " > " + max);
            }
        }

        @Override
        public Duration sample(RandomGenerator random) {
            long span = max.toNanos() - min.toNanos();
            return span == 0 ? min : min.plusNanos(random.nextLong(span + 1));
        }
    }

    /** A log-normal delay: half the requests finish within {@code p50}, 99% within {@code p99}. */
    record LogNormal(Duration p50, Duration p99) implements Latency {
        /** The 0.99 quantile of the standard normal distribution. */
        private static final double Z99 = 2.3263478740408408;
        /** Samples are capped so that one unlucky draw cannot park a request for hours. */
        private static final int CAP_IN_P99 = 10;

        public LogNormal {
            requireNonNegative(p50, "p50");
            requireNonNegative(p99, "p99");
            if (p50.isZero() || p99.compareTo(p50) < 0) {
                throw new IllegalArgumentException("lognormal latency needs 0 < p50 <= p99, got " + p50 + ", " + p99);
            }
        }

        @Override
        public Duration sample(RandomGenerator random) {
            double sigma = Math.log((double) p99.toNanos() / p50.toNanos()) / Z99;
            double nanos = p50.toNanos() * Math.exp(sigma * random.nextGaussian());
            return Duration.ofNanos((long) Math.min(nanos, (double) p99.toNanos() * CAP_IN_P99));
        }
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
