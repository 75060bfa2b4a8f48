import { Injectable } from '@nestjs/common';

/** The time source; tests replace it to run the daily sweep "tomorrow". */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
