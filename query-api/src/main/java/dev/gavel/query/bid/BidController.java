package dev.gavel.query.bid;

import dev.gavel.query.paging.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** The bid reads: an item's winner, an item's bids, a user's items. All from Redis. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class BidController {

    private final ItemBidReader itemBids;
    private final UserBidReader userBids;

    public BidController(ItemBidReader itemBids, UserBidReader userBids) {
        this.itemBids = itemBids;
        this.userBids = userBids;
    }

    @Get("/items/{item}/winner")
    public BidViews.Winner winner(String item) {
        return itemBids.winner(item);
    }

    @Get("/items/{item}/bids")
    public BidViews.BidPage itemBids(String item, @Nullable @QueryValue String limit,
                                     @Nullable @QueryValue String after) {
        return itemBids.bids(item, Paging.limit(limit), after);
    }

    @Get("/users/{username}/bids")
    public BidViews.UserItemPage userBids(String username, @Nullable @QueryValue String limit,
                                          @Nullable @QueryValue String after) {
        return userBids.items(username, Paging.limit(limit), after);
    }
}
