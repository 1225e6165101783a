import { Injectable } from '@nestjs/common';

/**
 * The time rotation decides with: when a plan was approved (the day its teachers are told), when an appeal
 * was filed and whether its period had ended. One injectable source, so a test can set the time an appeal
 * is filed (a minute before or after a deadline) without waiting for it.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
