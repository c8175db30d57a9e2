package dev.gavel.processor;

/** One step of work a {@link PassLoop} repeats. */
public interface Pass {

    /** Does one pass; answers whether more work is waiting already (then the loop does not pause). */
    boolean run();

    /** Called after a pass failed, before the loop waits and tries again. */
    void failed();

    /** What the loop's thread and its warnings are called. */
    String name();
}
