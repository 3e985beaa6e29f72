package io.jaqs.broker.jdbc;

/**
 * What the store's writer has done so far: {@code commits} database commits holding {@code works}
 * store writes in all (failed ones included), {@code syncs} of them forced to the disk
 * ({@link io.jaqs.broker.store.Durability#DISK}).
 */
public record WriterStats(long commits, long works, long syncs) {

    /** Works per commit: how many writes a commit shared on average (1 without concurrency). */
    public double worksPerCommit() {
        return commits == 0 ? 0 : (double) works / commits;
    }

    /** The counts since an earlier snapshot. */
    public WriterStats minus(WriterStats earlier) {
        return new WriterStats(commits - earlier.commits, works - earlier.works, syncs - earlier.syncs);
    }
}
