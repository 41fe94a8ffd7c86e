package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;

class LiveVerdictsTest {
    @Test
    void aTargetCountsOnceUnderItsBestClass() {
        LiveVerdicts v = new LiveVerdicts();
        v.add(IpAddress.v4(1), 443, ReplyClass.TCP);
        v.add(
                IpAddress.v4(1),
                443,
                ReplyClass.MPTCP); // the other probe's reply upgrades the target
        v.add(IpAddress.v4(1), 443, ReplyClass.CLOSED); // a worse one changes nothing
        v.add(IpAddress.v4(1), 80, ReplyClass.CLOSED); // another port is another target
        v.add(IpAddress.v4(-2), 443, ReplyClass.ECHO);
        assertEquals(1, v.counts.get(ReplyClass.MPTCP.rank()));
        assertEquals(0, v.counts.get(ReplyClass.TCP.rank()));
        assertEquals(1, v.counts.get(ReplyClass.CLOSED.rank()));
        assertEquals(1, v.counts.get(ReplyClass.ECHO.rank()));
    }
}
