package io.jaqs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs a body on n threads and waits for all; the first failure is rethrown. */
final class Parallel {
    interface Body {
        void run(int thread) throws Exception;
    }

    private Parallel() {
    }

    static void run(int threads, Body body) throws Exception {
        CountDownLatch end = new CountDownLatch(threads);
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int t = i;
            Thread th = new Thread(() -> {
                try {
                    body.run(t);
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    end.countDown();
                }
            }, "bench-" + i);
            th.setDaemon(true);
            th.start();
        }
        end.await();
        if (!errors.isEmpty()) {
            Throwable e = errors.get(0);
            if (e instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException(e);
        }
    }
}
