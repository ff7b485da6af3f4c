package dev.llmrouter.quality;

/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient descent.
 * Small and deterministic: the same data gives the same weights.
 *
 * @param means   per feature, subtracted before weighting
 * @param scales  per feature, divided by before weighting
 * @param weights per standardised feature
 * @param bias    the intercept
 */
public record Logistic(double[] means, double[] scales, double[] weights, double bias) {

    public double probability(double[] features) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (features[i] - means[i]) / scales[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * @param x      one feature vector per example
     * @param y      1 for a positive example, 0 for a negative one
     * @param lambda L2 penalty per example
     */
    public static Logistic fit(double[][] x, double[] y, double lambda) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double[] means = new double[d];
        double[] scales = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (double[] row : x) {
                sum += row[j];
            }
            means[j] = n == 0 ? 0 : sum / n;
            double squares = 0;
            for (double[] row : x) {
                squares += (row[j] - means[j]) * (row[j] - means[j]);
            }
            scales[j] = n == 0 || squares == 0 ? 1 : Math.sqrt(squares / n);
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - means[j]) / scales[j];
            }
        }
        double[] w = new double[d];
        double b = 0;
        double rate = 0.5;
        for (int iteration = 0; iteration < 3_000; iteration++) {
            double[] gradient = new double[d];
            double gradientBias = 0;
            for (int i = 0; i < n; i++) {
                double s = b;
                for (int j = 0; j < d; j++) {
                    s += w[j] * z[i][j];
                }
                double error = 1 / (1 + Math.exp(-s)) - y[i];
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * z[i][j];
                }
                gradientBias += error;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (gradient[j] / n + lambda * w[j] / n);
            }
            b -= rate * gradientBias / Math.max(1, n);
        }
        return new Logistic(means, scales, w, b);
    }
}
