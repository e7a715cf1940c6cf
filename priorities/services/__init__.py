"""Every write in priorities, one module per topic. Each service checks the state it
needs and says plainly what is not allowed."""
