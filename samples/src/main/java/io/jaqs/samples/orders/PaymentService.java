package io.jaqs.samples.orders;

/**
 * The payment step's gateway. It rejects one currency until the "fix" is deployed: every attempt to
 * pay such an order fails, the order lands in the dead-letter queue after maxReceiveCount attempts,
 * and once fixed it can be redriven and paid.
 */
final class PaymentService {
    static final String UNSUPPORTED_CURRENCY = "XBT";

    static final class PaymentDeclined extends Exception {
        private static final long serialVersionUID = 1L;

        PaymentDeclined(String message) {
            super(message);
        }
    }

    private volatile boolean fixed;

    void charge(Order o) throws PaymentDeclined {
        if (!fixed && UNSUPPORTED_CURRENCY.equals(o.currency())) {
            throw new PaymentDeclined("the payment gateway does not support currency " + o.currency());
        }
        // a real service would call the gateway here; the demo charges instantly
    }

    /** Deploys the fix: the gateway accepts the currency from now on. */
    void deployFix() {
        fixed = true;
    }

    boolean fixed() {
        return fixed;
    }
}
